package org.xiezuo.reporting;

import java.util.List;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.query.Param;
import org.xiezuo.shared.NotFound;

interface Periods extends ListCrudRepository<Period, Long> {

    @Query("select * from reporting_period where plan_id = :planId order by seq")
    List<Period> findAllOfPlan(@Param("planId") long planId);

    default Period require(long id) {
        return findById(id).orElseThrow(() -> new NotFound("填报期", id));
    }
}
