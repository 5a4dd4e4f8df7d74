import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.sql.Connection;

/**
 * A throwaway PostgreSQL server for bench/run (zonky's embedded binaries, which run here as root too): prints
 * its JDBC URL base, then creates one database per line read from stdin and answers "ok"; stops at EOF.
 */
public class Postgres {

    public static void main(String[] args) throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setServerConfig("max_connections", "200")
                .setServerConfig("shared_buffers", "256MB")
                .start()) {
            System.out.println("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
            for (String name = in.readLine(); name != null; name = in.readLine()) {
                try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
                    connection.createStatement().execute("CREATE DATABASE " + name);
                }
                System.out.println("ok");
                System.out.flush();
            }
        }
    }
}
