package org.xiezuo.reporting;

import java.util.List;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.query.Param;

interface Rules extends ListCrudRepository<Rule, Long> {

    @Query("select * from reporting_rule where plan_id = :planId order by id")
    List<Rule> findAllOfPlan(@Param("planId") long planId);
}
