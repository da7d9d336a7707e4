package dev.sieve.enforcement.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
    void utf8_text_is_a_view_of_the_bytes_it_arrived_in() {
        String text = "{\"path\": \"/caf\u00e9\", \"e\": \"\uD83D\uDE00\"}";
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] request = new byte[utf8.length + 7];
        System.arraycopy(utf8, 0, request, 3, utf8.length);

        EventProperties p = EventProperties.ofJsonUtf8(request, 3, utf8.length);

        assertThat(p.isText()).isTrue();
        ByteBuffer view = p.utf8();
        assertThat(view.hasArray()).isTrue();
        assertThat(view.array()).as("not a copy").isSameAs(request);
        assertThat(view.arrayOffset()).isEqualTo(3);
        assertThat(view.position()).isZero();
        assertThat(view.remaining()).isEqualTo(utf8.length);
        byte[] read = new byte[view.remaining()];
        view.get(read);
        assertThat(read).isEqualTo(utf8);
        assertThat(EventProperties.ofJsonUtf8(request, 3, utf8.length)).as("the tree first")
                .isEqualTo(EventProperties.ofJson(text));
        assertThat(p.json()).isEqualTo(text);
        assertThat(p).isEqualTo(EventProperties.ofJson(text));
    }

    @Test
    void utf8_of_a_tree_or_string_is_the_text_encoded() {
        ByteBuffer fromTree = EventProperties.of(tree()).utf8();
        ByteBuffer fromText = EventProperties.ofJson("{\"s\": \"\u00e9\"}").utf8();

        assertThat(StandardCharsets.UTF_8.decode(fromTree).toString()).isEqualTo("{\"path\":\"/p\",\"n\":2,\"a\":[1.5,{\"x\":null}]}");
        assertThat(fromText.remaining()).isEqualTo(11);
        assertThat(StandardCharsets.UTF_8.decode(fromText).toString()).isEqualTo("{\"s\": \"\u00e9\"}");
    }

    @Test
    void utf8_bounds_outside_the_array_are_refused() {
        assertThatThrownBy(() -> EventProperties.ofJsonUtf8(new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> EventProperties.ofJsonUtf8(new byte[4], -1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
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
