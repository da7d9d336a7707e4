package dev.sieve.ingest.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The served OpenAPI document: {@code openapi.yaml} (the core API) with the {@code paths} and
 * {@code components} of each area's fragment under {@code openapi-fragments/} merged in. Each
 * area keeps its description next to the code that owns it; clients get one document.
 */
public final class OpenApiDocument {
    /** The fragments merged into the core document, in order. */
    public static final List<String> FRAGMENTS = List.of(
            "/openapi-fragments/formats.yaml",
            "/openapi-fragments/rights.yaml",
            "/openapi-fragments/analyst.yaml");
    private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory());

    private OpenApiDocument() {
    }

    /** The merged document. */
    public static ObjectNode load() {
        ObjectNode root = (ObjectNode) read(ApiRouter.OPENAPI_RESOURCE);
        for (String fragment : FRAGMENTS) {
            JsonNode part = read(fragment);
            if (part == null) {
                throw new IllegalStateException(fragment + " missing from the classpath");
            }
            merge(root.with("paths"), part.path("paths"));
            part.path("components").fields().forEachRemaining(section ->
                    merge(root.with("components").with(section.getKey()), section.getValue()));
        }
        return root;
    }

    /** The merged document as YAML text. */
    public static String yaml() {
        try {
            return YAML.writeValueAsString(load());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void merge(ObjectNode target, JsonNode source) {
        source.fields().forEachRemaining(e -> {
            if (target.has(e.getKey())) {
                throw new IllegalStateException("OpenAPI fragments define '" + e.getKey() + "' twice");
            }
            target.set(e.getKey(), e.getValue());
        });
    }

    private static JsonNode read(String resource) {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(resource)) {
            return in == null ? null : YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
