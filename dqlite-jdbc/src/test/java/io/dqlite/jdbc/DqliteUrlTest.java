package io.dqlite.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DqliteUrlTest {

    @Test
    void parsesOneAddressAndTheDatabase() throws SQLException {
        DqliteUrl url = DqliteUrl.parse("jdbc:dqlite://127.0.0.1:9001/app");

        assertThat(url.addresses()).containsExactly(new DqliteUrl.Address("127.0.0.1", 9001));
        assertThat(url.database()).isEqualTo("app");
        assertThat(url.properties()).isEmpty();
    }

    @Test
    void parsesSeveralAddressesIpv6AndProperties() throws SQLException {
        DqliteUrl url = DqliteUrl.parse(
                "jdbc:dqlite://node1:9001, node2:9002,[::1]:9003/orders?timeout=5s&name=a%20b&sign=x+y");

        assertThat(url.addresses()).containsExactly(new DqliteUrl.Address("node1", 9001),
                new DqliteUrl.Address("node2", 9002), new DqliteUrl.Address("::1", 9003));
        assertThat(url.addresses().get(2)).hasToString("[::1]:9003");
        assertThat(url.database()).isEqualTo("orders");
        assertThat(url.properties()).containsExactly(Map.entry("timeout", "5s"), Map.entry("name", "a b"),
                Map.entry("sign", "x+y"));
    }

    @Test
    void acceptsOnlyItsOwnPrefix() {
        assertThat(DqliteUrl.accepts("jdbc:dqlite://h:1/d")).isTrue();
        assertThat(DqliteUrl.accepts("jdbc:sqlite:file.db")).isFalse();
        assertThat(DqliteUrl.accepts(null)).isFalse();
    }

    @Test
    void theParsedListsCannotBeChanged() throws SQLException {
        DqliteUrl url = DqliteUrl.parse("jdbc:dqlite://h:1/d?a=b");

        assertThatThrownBy(() -> url.addresses().add(new DqliteUrl.Address("x", 2)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> url.properties().put("c", "d")).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "jdbc:mysql://h:1/d | does not start with",
        "jdbc:dqlite://h:1 | names no database",
        "jdbc:dqlite://h:1/ | database name after '/' is empty",
        "jdbc:dqlite://h:1/a/b | contains '/'",
        "jdbc:dqlite:///d | names no host",
        "jdbc:dqlite://:9001/d | empty host",
        "jdbc:dqlite://h/d | has no port",
        "jdbc:dqlite://h:/d | port '' of address 'h:'",
        "jdbc:dqlite://h:abc/d | port 'abc'",
        "jdbc:dqlite://h:0/d | port 0",
        "jdbc:dqlite://h:65536/d | port 65536",
        "jdbc:dqlite://h:1,,g:2/d | empty host",
        "jdbc:dqlite://::1:9001/d | must be written in brackets",
        "jdbc:dqlite://[::1/d | no closing ']'",
        "jdbc:dqlite://[::1]/d | has no port",
        "jdbc:dqlite://h:1/d?flag | property 'flag' has no value",
        "jdbc:dqlite://h:1/d?=v | empty name",
        "jdbc:dqlite://h:1/d?a=1&a=2 | 'a' is given twice",
        "jdbc:dqlite://h:1/d?a=%zz | malformed %-escape",
    })
    void rejectsMalformedUrlsNamingTheProblem(String url, String problem) {
        assertThatThrownBy(() -> DqliteUrl.parse(url)).isInstanceOf(SQLException.class)
                .hasMessageContaining(url).hasMessageContaining(problem);
    }

    @Test
    void listsComeInTheirGivenOrder() throws SQLException {
        assertThat(DqliteUrl.parse("jdbc:dqlite://c:3,a:1,b:2/d").addresses()).extracting(DqliteUrl.Address::host)
                .isEqualTo(List.of("c", "a", "b"));
    }
}
