package ai.tuco.archfixture.wellformed.domain;

/** Well-formed: a domain value using only the JDK. */
public record Order(String id) {}
