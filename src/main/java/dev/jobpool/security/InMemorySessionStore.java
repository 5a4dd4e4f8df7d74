package dev.jobpool.security;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Sessions of the in-memory job store: lost on restart, as its jobs and keys are. */
public final class InMemorySessionStore implements SessionStore {

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    @Override
    public synchronized void add(Session session, Instant now, int maxPerKey) {
        sessions.values().removeIf(stored -> !stored.expiresAt().isAfter(now));
        sessions.put(session.idHash(), session);
        sessions.values().stream()
                .filter(stored -> stored.apiKeyId().equals(session.apiKeyId()))
                .sorted(Comparator.comparing(Session::createdAt).reversed())
                .skip(maxPerKey)
                .toList()
                .forEach(oldest -> sessions.remove(oldest.idHash()));
    }

    @Override
    public Optional<Session> find(String idHash) {
        return Optional.ofNullable(sessions.get(idHash));
    }

    @Override
    public boolean remove(String idHash) {
        return sessions.remove(idHash) != null;
    }
}
