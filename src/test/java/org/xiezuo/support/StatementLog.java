package org.xiezuo.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * What the application sends to the database, by thread: every statement execution with its SQL (a
 * batch once), every commit and rollback, and every explicit transaction start
 * ({@code setAutoCommit(false)}). Installed as a bean post-processor around the application's DataSource
 * ({@link #installer()}), so Spring's transactions see the recording one. For tests that pin how many
 * round trips a request costs — counts, not times — and for the benchmarks under bench/ that count
 * round trips ({@link #countOnly()}).
 */
public final class StatementLog extends DelegatingDataSource {

    /** One thing sent: the thread that sent it and the SQL, or BEGIN / COMMIT / ROLLBACK. */
    public record Entry(String thread, String sql) {
        public boolean is(String start) {
            return sql.toLowerCase(Locale.ROOT).stripLeading().startsWith(start.toLowerCase(Locale.ROOT));
        }

        public boolean mentions(String text) {
            return sql.toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT));
        }
    }

    private static final ConcurrentLinkedQueue<Entry> ENTRIES = new ConcurrentLinkedQueue<>();
    private static final AtomicLong STATEMENTS = new AtomicLong();
    private static final AtomicLong COMMITS = new AtomicLong();
    /** Whether each statement's text is kept (tests) or only counted (benchmarks of millions of rows). */
    private static volatile boolean keepText = true;

    private StatementLog(DataSource target) {
        super(target);
    }

    public static BeanPostProcessor installer() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof DataSource ds && !(bean instanceof StatementLog) ? new StatementLog(ds) : bean;
            }
        };
    }

    public static void clear() {
        ENTRIES.clear();
    }

    /** Counts only from now on: nothing of what is sent is kept. */
    public static void countOnly() {
        keepText = false;
        ENTRIES.clear();
    }

    /** Statement executions so far (a JDBC batch once), on every thread. */
    public static long statements() {
        return STATEMENTS.get();
    }

    /** Statements, commits and rollbacks so far: the round trips a benchmark reports. */
    public static long roundTrips() {
        return STATEMENTS.get() + COMMITS.get();
    }

    /** What threads whose name starts with {@code prefix} sent since the last {@link #clear()}. */
    public static List<Entry> of(String threadPrefix) {
        return ENTRIES.stream().filter(e -> e.thread().startsWith(threadPrefix)).toList();
    }

    private static void record(String sql) {
        if (sql.equals("COMMIT") || sql.equals("ROLLBACK")) COMMITS.incrementAndGet();
        else if (!sql.equals("BEGIN")) STATEMENTS.incrementAndGet();
        if (keepText) ENTRIES.add(new Entry(Thread.currentThread().getName(), sql));
    }

    @Override
    public Connection getConnection() throws SQLException {
        return wrap(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return wrap(super.getConnection(username, password));
    }

    private static Connection wrap(Connection connection) {
        return (Connection) Proxy.newProxyInstance(StatementLog.class.getClassLoader(), new Class<?>[] {Connection.class},
                new Recording(connection, null));
    }

    /** Around a connection ({@code sql} null) or a statement (its SQL when prepared). */
    private record Recording(Object target, String sql) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            boolean connection = target instanceof Connection;
            if (connection && (name.equals("commit") || name.equals("rollback"))) record(name.toUpperCase(Locale.ROOT));
            if (connection && name.equals("setAutoCommit") && Boolean.FALSE.equals(args[0])
                    && ((Connection) target).getAutoCommit()) {
                record("BEGIN");
            }
            if (!connection && name.startsWith("execute")) {
                boolean ownText = !name.equals("executeBatch") && args != null && args.length > 0 && args[0] instanceof String;
                record(ownText ? (String) args[0] : sql == null ? "(batch)" : sql);
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (connection && result instanceof Statement statement && !name.equals("unwrap")) {
                Class<?> type = name.equals("prepareCall") ? java.sql.CallableStatement.class
                        : name.equals("prepareStatement") ? java.sql.PreparedStatement.class : Statement.class;
                String text = args != null && args.length > 0 && args[0] instanceof String s ? s : null;
                return Proxy.newProxyInstance(StatementLog.class.getClassLoader(), new Class<?>[] {type},
                        new Recording(statement, text));
            }
            return result;
        }
    }
}
