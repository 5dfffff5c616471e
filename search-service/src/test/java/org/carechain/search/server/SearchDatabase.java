package org.carechain.search.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.carechain.service.testing.TestDatabase;

/** Direct JDBC access to the search database under test, to check what the server stored. */
final class SearchDatabase {

    static final String NAME = "carechain_search_test";

    private SearchDatabase() {}

    static Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + TestDatabase.host() + ":" + TestDatabase.port() + "/"
                + NAME, TestDatabase.user(), TestDatabase.password());
    }
}
