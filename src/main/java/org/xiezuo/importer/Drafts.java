package org.xiezuo.importer;

import java.time.Instant;
import java.util.List;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.shared.NotFound;

@Transactional(readOnly = true) // query methods in one transaction: an aggregate and its children on one connection
interface Drafts extends ListCrudRepository<Draft, Long> {

    @Query("select * from importer_draft where status = 'PENDING' and created_at < :before")
    List<Draft> findExpired(@Param("before") Instant before);

    java.util.Optional<Draft> findBySourceDocumentId(long sourceDocumentId);

    default Draft require(long id) {
        return findById(id).orElseThrow(() -> new NotFound("导入草稿", id));
    }
}
