package org.xiezuo.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.xiezuo.shared.Role;
import org.xiezuo.support.XiezuoTest;

/**
 * Sign-ins at the same moment on a pool smaller than the number of requests (T81's failure mode): a
 * password check holds no connection through the Argon2 comparison, so more simultaneous failures than
 * pooled connections are all answered, each counted on the account once and audited once; and of two
 * requests carrying the same one-time code only one gets in.
 */
@XiezuoTest
@AutoConfigureMockMvc
@TestPropertySource(properties = {"spring.datasource.hikari.maximum-pool-size=2",
        "spring.datasource.hikari.connection-timeout=5000", "spring.datasource.hikari.leak-detection-threshold=2000"})
class ConcurrentSignInTests {

    @Autowired SignIn signIn;
    @Autowired MockMvc mvc;
    @Autowired AccountAdministration accounts;
    @Autowired JdbcClient jdbc;

    @Test
    void moreSimultaneousFailuresThanPooledConnectionsAreAllAnsweredCountedAndAudited() throws Exception {
        Sessions.create(mvc, accounts, "conc-a", Set.of(Role.LEADER), Set.of());
        int attempts = 4; // below the lockout (5), so every attempt reaches the password comparison

        List<Object> answers = all(attempts, i -> refused(() -> signIn.password("conc-a", "Wrong-Pass-" + i + "x", "10.9.0." + i)));

        assertThat(answers).as("every attempt refused with the one message, none timed out waiting for a connection")
                .containsOnly(SignIn.FAILED).hasSize(attempts);
        assertThat(jdbc.sql("select failed_attempts from security_account where username = 'conc-a'")
                .query(Integer.class).single()).as("each failure counted once, none lost to a concurrent save")
                .isEqualTo(attempts);
        assertThat(jdbc.sql("select count(*) from audit_event where actor = 'conc-a' and event_type = 'SIGN_IN' "
                + "and outcome = 'FAILURE'").query(Integer.class).single()).isEqualTo(attempts);
        assertThat(jdbc.sql("select count(*) from security_sign_in_throttle where client_ip like '10.9.0.%'")
                .query(Integer.class).single()).as("each address counted").isEqualTo(attempts);
    }

    @Test
    void attemptsFromOneAddressAtTheSameInstantNeverPassTheAddressLimit() throws Exception {
        String address = "10.9.2.1";
        int limit = 20; // xiezuo.security.max-failures-per-address, default
        refused(() -> signIn.password("conc-unknown-0", "Wrong-Pass-0x", address)); // the address's row exists

        List<Object> answers = all(26, i -> refused(() -> signIn.password("conc-unknown-" + (i + 1), "Wrong-Pass-1x", address)));

        assertThat(answers).containsOnly(SignIn.FAILED);
        assertThat(jdbc.sql("select count(*) from audit_event where actor like 'conc-unknown-%' and detail = '用户名不存在'")
                .query(Integer.class).single()).as("attempts that reached the password comparison").isEqualTo(limit);
        assertThat(jdbc.sql("select count(*) from audit_event where actor like 'conc-unknown-%' and detail like '来源地址失败次数过多%'")
                .query(Integer.class).single()).as("attempts refused by the address throttle").isEqualTo(27 - limit);
        assertThat(jdbc.sql("select failures from security_sign_in_throttle where client_ip = :ip").param("ip", address)
                .query(Integer.class).single()).isEqualTo(limit);
    }

    private interface Refusable {
        void run();
    }

    private static String refused(Refusable attempt) {
        try {
            attempt.run();
            return "signed in";
        } catch (BadCredentialsException refused) {
            return refused.getMessage();
        }
    }

    @Test
    void ofTwoRequestsWithTheSameCodeOnlyOneGetsIn() throws Exception {
        Sessions.Signed person = Sessions.create(mvc, accounts, "conc-b", Set.of(Role.LEADER), Set.of());
        String code = Sessions.code(person.secret(), 1); // the next step: not used by the enrolment

        List<Object> answers = all(2, i -> signIn.secondFactor("conc-b", code, "10.9.1." + i));

        assertThat(answers).containsExactlyInAnyOrder(true, false);
        assertThat(jdbc.sql("select count(*) from audit_event where actor = 'conc-b' and event_type = 'SECOND_FACTOR' "
                + "and outcome = 'FAILURE' and detail like '动态口令已使用过%'").query(Integer.class).single()).isEqualTo(1);
    }

    private interface Attempt {
        Object run(int i) throws Exception;
    }

    /** Runs the attempts on their own threads, released at the same instant. */
    private static List<Object> all(int count, Attempt attempt) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                Callable<Object> task = () -> {
                    start.await();
                    return attempt.run(n);
                };
                futures.add(threads.submit(task));
            }
            start.countDown();
            List<Object> answers = new ArrayList<>();
            for (Future<Object> f : futures) answers.add(f.get(60, TimeUnit.SECONDS));
            return answers;
        } finally {
            threads.shutdownNow();
        }
    }
}
