package dev.jobpool.security;

class InMemorySessionStoreTests extends SessionStoreContractTests {

    @Override
    protected SessionStore newStore() {
        return new InMemorySessionStore();
    }
}
