package org.xiezuo.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Counts what the application sends to the database: statement executions (a JDBC batch counts once),
 * commits and rollbacks. Installed as a bean post-processor around the application's DataSource, so
 * Spring's transactions and {@code DataSourceUtils} see the counting one. {@code unwrap} reaches the
 * driver's connection, so a COPY through {@code PGConnection} is not counted here.
 */
final class CountingDataSource extends DelegatingDataSource {

    static final AtomicLong STATEMENTS = new AtomicLong();
    static final AtomicLong COMMITS = new AtomicLong();

    CountingDataSource(DataSource target) {
        super(target);
    }

    static long roundTrips() { return STATEMENTS.get() + COMMITS.get(); }

    @Override
    public Connection getConnection() throws SQLException {
        return wrap(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return wrap(super.getConnection(username, password));
    }

    private static Connection wrap(Connection connection) {
        return (Connection) Proxy.newProxyInstance(CountingDataSource.class.getClassLoader(), new Class<?>[] {Connection.class},
                new Counting(connection, true));
    }

    private record Counting(Object target, boolean connection) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (connection && (name.equals("commit") || name.equals("rollback"))) COMMITS.incrementAndGet();
            if (!connection && name.startsWith("execute")) STATEMENTS.incrementAndGet();
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (connection && result instanceof Statement statement && !name.equals("unwrap")) {
                Class<?> type = name.equals("prepareCall") ? java.sql.CallableStatement.class
                        : name.equals("prepareStatement") ? java.sql.PreparedStatement.class : Statement.class;
                return Proxy.newProxyInstance(CountingDataSource.class.getClassLoader(), new Class<?>[] {type},
                        new Counting(statement, false));
            }
            return result;
        }
    }

    /** Wraps the application's DataSource bean. */
    static final class Installer implements BeanPostProcessor {
        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            return bean instanceof DataSource ds && !(bean instanceof CountingDataSource) ? new CountingDataSource(ds) : bean;
        }
    }
}
