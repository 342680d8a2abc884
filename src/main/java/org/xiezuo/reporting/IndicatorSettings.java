package org.xiezuo.reporting;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

@Transactional(readOnly = true) // query methods in one transaction: an aggregate and its children on one connection
interface IndicatorSettings extends ListCrudRepository<IndicatorSetting, Long> {

    @Query("select * from reporting_indicator_setting where indicator_id = :indicatorId")
    Optional<IndicatorSetting> findByIndicator(@Param("indicatorId") long indicatorId);

    @Query("select * from reporting_indicator_setting where indicator_id in (:ids)")
    List<IndicatorSetting> findByIndicators(@Param("ids") Collection<Long> ids);
}
