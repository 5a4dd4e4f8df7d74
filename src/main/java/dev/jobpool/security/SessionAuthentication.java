package dev.jobpool.security;

/** A request authenticated by the dashboard's session cookie: the caller of the key the session was made from. */
final class SessionAuthentication extends CallerAuthentication {

    private final Session session;

    SessionAuthentication(Session session) {
        super(session.caller());
        this.session = session;
    }

    Session session() {
        return session;
    }
}
