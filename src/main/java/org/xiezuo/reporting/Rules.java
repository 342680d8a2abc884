package org.xiezuo.reporting;

import java.util.List;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

@Transactional(readOnly = true) // query methods in one transaction: an aggregate and its children on one connection
interface Rules extends ListCrudRepository<Rule, Long> {

    @Query("select * from reporting_rule where plan_id = :planId order by id")
    List<Rule> findAllOfPlan(@Param("planId") long planId);
}
