package org.xiezuo.reporting;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.query.Param;

interface IndicatorLines extends ListCrudRepository<IndicatorLine, Long> {

    @Query("select * from reporting_indicator_line where report_id = :reportId order by id")
    List<IndicatorLine> findAllOfReport(@Param("reportId") long reportId);

    @Query("select * from reporting_indicator_line where report_id = :reportId and indicator_id = :indicatorId")
    Optional<IndicatorLine> find(@Param("reportId") long reportId, @Param("indicatorId") long indicatorId);
}
