package org.xiezuo.reporting;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

@Transactional(readOnly = true) // query methods in one transaction: an aggregate and its children on one connection
interface UnitTargets extends ListCrudRepository<UnitTarget, Long> {

    @Query("select * from reporting_unit_target where indicator_id = :indicatorId and unit_id = :unitId")
    Optional<UnitTarget> find(@Param("indicatorId") long indicatorId, @Param("unitId") long unitId);

    @Query("select * from reporting_unit_target where indicator_id in (:ids)")
    List<UnitTarget> findByIndicators(@Param("ids") Collection<Long> ids);

    @Query("select * from reporting_unit_target where unit_id = :unitId")
    List<UnitTarget> findAllOfUnit(@Param("unitId") long unitId);
}
