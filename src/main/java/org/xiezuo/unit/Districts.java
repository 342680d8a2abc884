package org.xiezuo.unit;

import java.util.Optional;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.shared.NotFound;

/** Districts by id and name. */
@Transactional(readOnly = true) // query methods in one transaction: an aggregate and its children on one connection
public interface Districts extends ListCrudRepository<District, Long> {

    Optional<District> findByName(String name);

    @Query("select id from unit_district where id = :id for update")
    Long lock(@Param("id") long id);

    default District require(long id) {
        return findById(id).orElseThrow(() -> new NotFound("地区", id));
    }
}
