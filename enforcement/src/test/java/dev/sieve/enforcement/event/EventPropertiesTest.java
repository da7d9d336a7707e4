package dev.sieve.enforcement.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class EventPropertiesTest {
    private static final String TEXT = "{ \"path\": \"/p\", \"n\": 2, \"a\": [1.5, {\"x\": null}] }";

    private static ObjectNode tree() {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("path", "/p").put("n", 2);
        node.putArray("a").add(1.5).addObject().putNull("x");
        return node;
    }

    @Test
    void text_goes_to_storage_as_given() {
        EventProperties p = EventProperties.ofJson(TEXT);

        assertThat(p.isText()).isTrue();
        assertThat(p.json()).isSameAs(TEXT);
        assertThat(p.tree()).isEqualTo(tree());
        assertThat(p.json()).as("still the text after the tree was needed").isSameAs(TEXT);
        assertThat(p.isText()).isTrue();
    }

    @Test
    void a_tree_is_printed_once() {
        EventProperties p = EventProperties.of(tree());

        assertThat(p.isText()).isFalse();
        assertThat(p.json()).isEqualTo("{\"path\":\"/p\",\"n\":2,\"a\":[1.5,{\"x\":null}]}").isSameAs(p.json());
    }

    @Test
    void equal_by_meaning_whatever_the_form() {
        EventProperties text = EventProperties.ofJson(TEXT);
        EventProperties tree = EventProperties.of(tree());

        assertThat(text).isEqualTo(tree).hasSameHashCodeAs(tree);
        assertThat(text.toString()).isEqualTo(tree.toString());
        assertThat(text).isNotEqualTo(EventProperties.ofJson("{\"path\":\"/p\"}"));
        assertThat(text.has("path")).isTrue();
        assertThat(text.isEmpty()).isFalse();
        assertThat(EventProperties.empty().isEmpty()).isTrue();
        assertThat(EventProperties.empty().json()).isEqualTo("{}");
    }

    @Test
    void text_that_is_not_an_object_is_a_bug_not_data() {
        assertThatThrownBy(() -> EventProperties.ofJson("[1]").tree()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> EventProperties.ofJson("{").tree()).isInstanceOf(IllegalStateException.class);
    }
}
