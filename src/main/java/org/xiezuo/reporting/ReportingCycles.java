package org.xiezuo.reporting;

import java.util.Optional;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

@Transactional(readOnly = true) // query methods in one transaction: an aggregate and its children on one connection
interface ReportingCycles extends ListCrudRepository<ReportingCycle, Long> {

    @Query("select * from reporting_cycle where plan_id = :planId")
    Optional<ReportingCycle> findByPlan(@Param("planId") long planId);
}
