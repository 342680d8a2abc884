package org.xiezuo.importer;

import org.springframework.data.repository.ListCrudRepository;
import org.xiezuo.shared.NotFound;

interface SourceDocuments extends ListCrudRepository<SourceDocument, Long> {

    default SourceDocument require(long id) {
        return findById(id).orElseThrow(() -> new NotFound("任务书文件", id));
    }
}
