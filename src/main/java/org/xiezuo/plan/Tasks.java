package org.xiezuo.plan;

import java.util.List;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.shared.NotFound;

/** Tasks of plans. */
@Transactional(readOnly = true) // query methods in one transaction: an aggregate and its children on one connection
interface Tasks extends ListCrudRepository<Task, Long> {

    @Query("select * from plan_task where plan_id = :planId order by position, id")
    List<Task> findAllOfPlan(@Param("planId") long planId);

    @Query("select t.* from plan_task t where t.id in (select task_id from plan_task_unit where unit_id = :unitId)")
    List<Task> findAllOfUnit(@Param("unitId") long unitId);

    default Task require(long id) {
        return findById(id).orElseThrow(() -> new NotFound("任务", id));
    }
}
