package org.xiezuo.importer;

import org.springframework.data.repository.ListCrudRepository;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.shared.NotFound;

@Transactional(readOnly = true) // query methods in one transaction: an aggregate and its children on one connection
interface SourceDocuments extends ListCrudRepository<SourceDocument, Long> {

    default SourceDocument require(long id) {
        return findById(id).orElseThrow(() -> new NotFound("任务书文件", id));
    }
}
