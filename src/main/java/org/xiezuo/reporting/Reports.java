package org.xiezuo.reporting;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.shared.NotFound;

@Transactional(readOnly = true) // query methods in one transaction: an aggregate and its children on one connection
interface Reports extends ListCrudRepository<Report, Long> {

    /** The newest revision of a unit's report for a period: the one being worked on. */
    @Query("select * from reporting_report where period_id = :periodId and unit_id = :unitId order by revision desc limit 1")
    Optional<Report> findLatest(@Param("periodId") long periodId, @Param("unitId") long unitId);

    @Query("select * from reporting_report where period_id = :periodId and unit_id = :unitId order by revision")
    List<Report> findRevisions(@Param("periodId") long periodId, @Param("unitId") long unitId);

    @Query("select * from reporting_report where unit_id = :unitId")
    List<Report> findAllOfUnit(@Param("unitId") long unitId);

    @Query("select count(*) from reporting_report where plan_id = :planId")
    long countOfPlan(@Param("planId") long planId);

    /**
     * Locks the report row for the rest of the transaction: saving a line, submitting and reviewing are
     * serialised per report on every instance, so a line cannot change while the report is submitted.
     */
    @Query("select * from reporting_report where id = :id for update")
    Optional<Report> lock(@Param("id") long id);

    default Report require(long id) {
        return findById(id).orElseThrow(() -> new NotFound("进度报告", id));
    }
}
