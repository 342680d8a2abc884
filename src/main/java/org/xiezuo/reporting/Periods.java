package org.xiezuo.reporting;

import java.util.List;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.shared.NotFound;

@Transactional(readOnly = true) // query methods in one transaction: an aggregate and its children on one connection
interface Periods extends ListCrudRepository<Period, Long> {

    @Query("select * from reporting_period where plan_id = :planId order by seq")
    List<Period> findAllOfPlan(@Param("planId") long planId);

    default Period require(long id) {
        return findById(id).orElseThrow(() -> new NotFound("填报期", id));
    }
}
