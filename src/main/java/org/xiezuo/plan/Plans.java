package org.xiezuo.plan;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.shared.NotFound;

/** Plans by id and by the identity of their notice. */
@Transactional(readOnly = true) // query methods in one transaction: an aggregate and its children on one connection
public interface Plans extends ListCrudRepository<Plan, Long> {

    @Query("select * from plan where district_id = :districtId and title = :title and document_number = :number order by id")
    List<Plan> findByNotice(@Param("districtId") long districtId, @Param("title") String title,
                            @Param("number") String documentNumber);

    @Query("select * from plan where district_id = :districtId and title = :title and document_number is null order by id")
    List<Plan> findByTitleWithoutNumber(@Param("districtId") long districtId, @Param("title") String title);

    /** The plan of a district issued with this title and document number: a re-import, not a new plan. */
    default java.util.Optional<Plan> findSameNotice(long districtId, String title, @org.jspecify.annotations.Nullable String documentNumber) {
        List<Plan> found = documentNumber == null ? findByTitleWithoutNumber(districtId, title)
                : findByNotice(districtId, title, documentNumber);
        return found.stream().findFirst();
    }

    Optional<Plan> findBySourceDocumentId(Long sourceDocumentId);

    @Query("select * from plan where demo = true order by id")
    List<Plan> findDemos();

    default Plan require(long id) {
        return findById(id).orElseThrow(() -> new NotFound("任务书", id));
    }
}
