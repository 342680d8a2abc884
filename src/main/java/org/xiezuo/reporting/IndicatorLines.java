package org.xiezuo.reporting;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

@Transactional(readOnly = true) // query methods in one transaction: an aggregate and its children on one connection
interface IndicatorLines extends ListCrudRepository<IndicatorLine, Long> {

    @Query("select * from reporting_indicator_line where report_id = :reportId order by id")
    List<IndicatorLine> findAllOfReport(@Param("reportId") long reportId);

    @Query("select * from reporting_indicator_line where report_id = :reportId and indicator_id = :indicatorId")
    Optional<IndicatorLine> find(@Param("reportId") long reportId, @Param("indicatorId") long indicatorId);
}
