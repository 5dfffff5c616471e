package org.carechain.service.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Points a service under {@code @QuarkusTest} at a fresh database of its own on the real
 * PostgreSQL, and makes it trust {@link TestTokens}. Pass the database name as the
 * {@code database} init argument.
 */
public class ServiceTestResource implements QuarkusTestResourceLifecycleManager {

    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.get("database");
        if (database == null) {
            throw new IllegalArgumentException("ServiceTestResource needs a 'database' init argument");
        }
    }

    @Override
    public Map<String, String> start() {
        TestDatabase.recreate(database);
        Map<String, String> config = new HashMap<>();
        String hostPort = TestDatabase.host() + ":" + TestDatabase.port() + "/" + database;
        config.put("quarkus.datasource.reactive.url", "postgresql://" + hostPort);
        config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + hostPort);
        config.put("quarkus.datasource.username", TestDatabase.user());
        config.put("quarkus.datasource.password", TestDatabase.password());
        config.put("mp.jwt.verify.publickey.location", TestTokens.publicKeyPem().toUri().toString());
        config.put("mp.jwt.verify.issuer", TestTokens.ISSUER);
        // Each service is tested alone here; the cross-service chain is tested with real processes.
        config.put("carechain.service.downstream", "");
        return config;
    }

    @Override
    public void stop() {
        // The database is reset at the next start, so a failed run can be inspected.
    }
}
