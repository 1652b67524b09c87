package io.timebank.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document the build generates (what Swagger UI shows at /swagger-ui/): every operation has
 * an example of its request and of its answer, and names its error answers, each with an example of
 * its problem; every example is JSON.
 */
class OpenApiDocumentTest {

    static final List<String> METHODS = List.of("get", "post", "put", "delete");
    static final List<String> ERRORS_OF_EVERY_OPERATION = List.of("401", "403", "422", "503");

    static JsonNode document;

    @BeforeAll
    static void read() throws IOException {
        try (InputStream yaml = OpenApiDocumentTest.class.getResourceAsStream("/META-INF/swagger/timebank-v1.yml")) {
            assertThat(yaml).as("the generated OpenAPI document").isNotNull();
            document = new ObjectMapper().valueToTree(new org.yaml.snakeyaml.Yaml().load(yaml));
        }
    }

    /** One operation of the document: its method and path, and its description there. */
    record Operation(String method, String path, JsonNode body) {

        @Override
        public String toString() {
            return method.toUpperCase(java.util.Locale.ROOT) + " " + path;
        }
    }

    static List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (String method : METHODS) {
                if (path.getValue().has(method)) {
                    operations.add(new Operation(method, path.getKey(), path.getValue().get(method)));
                }
            }
        }
        return operations;
    }

    @Test
    void everyOperationHasAnExampleOfItsRequestAndOfItsAnswer() {
        List<Operation> operations = operations();
        assertThat(operations).hasSizeGreaterThan(30);
        for (Operation operation : operations) {
            JsonNode success = operation.body().path("responses").properties().stream()
                .filter(response -> response.getKey().startsWith("2")).map(Map.Entry::getValue).findFirst().orElse(null);
            assertThat(success).as("%s answers success", operation).isNotNull();
            assertThat(example(success.path("content"))).as("%s: an example of its answer", operation).isNotNull();
            if (operation.body().has("requestBody")) {
                assertThat(example(operation.body().path("requestBody").path("content")))
                    .as("%s: an example of its request", operation).isNotNull();
            }
        }
    }

    @Test
    void everyOperationNamesItsErrorsEachWithAnExampleOfItsProblem() {
        for (Operation operation : operations()) {
            JsonNode responses = operation.body().path("responses");
            assertThat(responses.properties().stream().map(Map.Entry::getKey).toList())
                .as("%s names its errors", operation).containsAll(ERRORS_OF_EVERY_OPERATION);
            for (Map.Entry<String, JsonNode> response : responses.properties()) {
                if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                    JsonNode problem = resolve(response.getValue()).path("content").path("application/problem+json");
                    assertThat(problem.path("example").path("status").asInt())
                        .as("%s %s: an example problem", operation, response.getKey())
                        .isEqualTo(Integer.parseInt(response.getKey()));
                }
            }
        }
        assertThat(operations()).filteredOn(operation -> operation.method().equals("post")
                && operation.path().matches("/v1/(transfers|exchanges|loans|mandates|collections|standing-orders)"))
            .allSatisfy(command -> assertThat(command.body().path("responses").has("409"))
                .as("%s can be refused", command).isTrue());
    }

    @Test
    void theDocumentNamesHowToAuthenticate() {
        JsonNode schemes = document.path("components").path("securitySchemes");
        assertThat(schemes.path("bearer").path("scheme").asText()).isEqualTo("bearer");
        assertThat(schemes.path("platformKey").path("name").asText()).isEqualTo("X-Api-Key");
        assertThat(document.path("security").findValuesAsText("bearer")).isNotNull();
    }

    /** The example of a content map: its media types' example, first of its examples, or its schema's (resolved). */
    private static JsonNode example(JsonNode content) {
        for (Map.Entry<String, JsonNode> media : content.properties()) {
            JsonNode body = media.getValue();
            if (body.hasNonNull("example")) {
                return json(body.get("example"));
            }
            if (body.path("examples").size() > 0) {
                return json(body.path("examples").elements().next().path("value"));
            }
            JsonNode schema = resolve(body.path("schema"));
            if (schema.hasNonNull("example")) {
                return json(schema.get("example"));
            }
            if (schema.path("items").isObject() && resolve(schema.path("items")).hasNonNull("example")) {
                return json(resolve(schema.path("items")).get("example"));
            }
        }
        return null;
    }

    /** An example as JSON: the document keeps some as text, which must then parse. */
    private static JsonNode json(JsonNode example) {
        if (!example.isTextual()) {
            return example;
        }
        try {
            return new ObjectMapper().readTree(example.asText());
        } catch (IOException notJson) {
            throw new AssertionError("an example that is not JSON: " + example.asText(), notJson);
        }
    }

    private static JsonNode resolve(JsonNode node) {
        String ref = node.path("$ref").asText("");
        if (ref.isEmpty()) {
            return node;
        }
        JsonNode target = document;
        for (String part : ref.substring(2).split("/")) {
            target = target.path(part);
        }
        assertThat(target.isMissingNode()).as("%s resolves", ref).isFalse();
        return target;
    }
}
