package org.xiezuo.unit;

import java.util.List;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.shared.NotFound;

/** The units of a district. */
@Transactional(readOnly = true) // query methods in one transaction: an aggregate and its children on one connection
public interface Units extends ListCrudRepository<Unit, Long> {

    @Query("select * from unit where district_id = :districtId order by id")
    List<Unit> findAllOfDistrict(@Param("districtId") long districtId);

    default Unit require(long id) {
        return findById(id).orElseThrow(() -> new NotFound("单位", id));
    }
}
