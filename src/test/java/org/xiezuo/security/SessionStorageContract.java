package org.xiezuo.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

/**
 * Two requests of one session that both add the same attribute: each has read the session without it,
 * each saves it. The second save replaces the value instead of failing on the attribute table's key.
 */
abstract class SessionStorageContract {

    @Autowired JdbcIndexedSessionRepository sessions;
    @Autowired JdbcClient jdbc;

    @Test
    void twoRequestsOfOneSessionAddingTheSameAttributeBothSucceedAndTheLastValueStays() {
        String id = twoRequests(sessions);

        assertThat(jdbc.sql("select count(*) from spring_session_attributes a join spring_session s "
                + "on s.primary_id = a.session_primary_id where s.session_id = :id and a.attribute_name = 'xiezuo.probe'")
                .param("id", id).query(Integer.class).single()).isEqualTo(1);
        sessions.deleteById(id);
    }

    private static <S extends Session> String twoRequests(SessionRepository<S> repository) {
        S created = repository.createSession();
        repository.save(created);
        S first = repository.findById(created.getId());
        S second = repository.findById(created.getId());

        first.setAttribute("xiezuo.probe", "first");
        repository.save(first);
        second.setAttribute("xiezuo.probe", "second");
        repository.save(second);

        assertThat(repository.findById(created.getId()).<String>getAttribute("xiezuo.probe")).isEqualTo("second");
        return created.getId();
    }
}
