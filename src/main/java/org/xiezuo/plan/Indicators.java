package org.xiezuo.plan;

import java.util.List;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.shared.NotFound;

/** Indicators of plans. */
@Transactional(readOnly = true) // query methods in one transaction: an aggregate and its children on one connection
public interface Indicators extends ListCrudRepository<Indicator, Long> {

    @Query("select * from plan_indicator where plan_id = :planId order by position, id")
    List<Indicator> findAllOfPlan(@Param("planId") long planId);

    @Query("select i.* from plan_indicator i where i.id in (select indicator_id from plan_indicator_unit where unit_id = :unitId)")
    List<Indicator> findAllOfUnit(@Param("unitId") long unitId);

    default Indicator require(long id) {
        return findById(id).orElseThrow(() -> new NotFound("指标", id));
    }
}
