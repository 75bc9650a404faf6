package io.privacykit.spring.boot;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The app's data source with PrivacyKit's own schema as each connection's current schema, created
 * when missing (H2, PostgreSQL): PrivacyKit's tables and its migration history then stay out of the
 * app's schema, where the app's Flyway or Hibernate would see them. The connection's schema is put
 * back before it returns to the app's pool.
 */
final class SchemaDataSource implements DataSource {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final DataSource target;
    private final String schema;
    private volatile boolean created;

    private SchemaDataSource(DataSource target, String schema) {
        this.target = target;
        this.schema = schema;
    }

    /** @throws IllegalArgumentException when {@code schema} is not a plain SQL identifier */
    static SchemaDataSource create(DataSource target, String schema) {
        if (!IDENTIFIER.matcher(schema).matches()) {
            throw new IllegalArgumentException(PrivacyKitAutoConfiguration.SCHEMA + ": '" + schema
                    + "' is not a plain SQL identifier (letters, digits, _)");
        }
        return new SchemaDataSource(target, schema);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return inSchema(target.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return inSchema(target.getConnection(username, password));
    }

    private Connection inSchema(Connection connection) throws SQLException {
        String previous;
        try {
            previous = connection.getSchema();
            if (!created) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
                }
                created = true;
            }
            connection.setSchema(storedCase(connection, schema));
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        String restore = previous;
        InvocationHandler handler = (proxy, method, args) -> invoke(connection, restore, method, args);
        return (Connection) Proxy.newProxyInstance(SchemaDataSource.class.getClassLoader(),
                new Class<?>[] {Connection.class}, handler);
    }

    private static Object invoke(Connection connection, String previous, Method method, Object[] args) throws Throwable {
        if (method.getName().equals("close") && method.getParameterCount() == 0 && !connection.isClosed()) {
            try {
                if (previous != null) {
                    connection.setSchema(previous);
                }
            } finally {
                connection.close();
            }
            return null;
        }
        try {
            return method.invoke(connection, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Unquoted identifiers are stored upper-case by H2 and lower-case by PostgreSQL. */
    private static String storedCase(Connection connection, String name) throws SQLException {
        var meta = connection.getMetaData();
        if (meta.storesUpperCaseIdentifiers()) {
            return name.toUpperCase(java.util.Locale.ROOT);
        }
        if (meta.storesLowerCaseIdentifiers()) {
            return name.toLowerCase(java.util.Locale.ROOT);
        }
        return name;
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return target.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        target.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        target.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return target.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return target.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : target.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || target.isWrapperFor(type);
    }

    @Override
    public String toString() {
        return "the application's data source, schema " + schema;
    }
}
