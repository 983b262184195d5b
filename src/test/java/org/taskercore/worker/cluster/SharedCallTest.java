package org.taskercore.worker.cluster;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedCallTest {

  private final List<Promise<String>> started = new ArrayList<>();
  private final SharedCall<String, String> shared = new SharedCall<>(() -> {
    Promise<String> p = Promise.promise();
    started.add(p);
    return p.future();
  });

  @Test
  void callersWhileACallRunsShareItAndTheNextCallerAfterItStartsAnother() {
    SharedCall.Joined<String, String> first = shared.get("first caller");
    SharedCall.Joined<String, String> second = shared.get("second caller");
    assertEquals(1, started.size(), "one call for two callers in flight");
    assertFalse(first.shared());
    assertTrue(second.shared());
    assertEquals("first caller", second.startedBy(), "the joiner learns whose call it shares");
    started.get(0).complete("a");
    assertEquals("a", first.answer().result());
    assertEquals("a", second.answer().result());

    SharedCall.Joined<String, String> third = shared.get("third caller");
    assertFalse(third.shared());
    assertEquals(2, started.size(), "a caller after the answer starts a new call");
    started.get(1).complete("b");
    assertEquals("b", third.answer().result());
  }

  @Test
  void aCallerWokenByTheAnswerStartsAFreshCall() {
    List<Future<String>> fromCallback = new ArrayList<>();
    shared.get("first").answer().onComplete(ar -> fromCallback.add(shared.get("woken").answer()));
    started.get(0).complete("a");
    assertEquals(2, started.size());
    assertFalse(fromCallback.get(0).isComplete(), "the woken caller waits for its own call");
  }

  @Test
  void aFailureIsSharedAndForgotten() {
    SharedCall<String, String> throwing = new SharedCall<>(() -> {
      throw new IllegalStateException("directory unreadable");
    });
    Future<String> failed = throwing.get("one").answer();
    assertEquals("directory unreadable", failed.cause().getMessage());
    assertTrue(throwing.get("two").answer().failed(), "each caller after a failure tries again");

    Future<String> first = shared.get("one").answer();
    started.get(0).fail("no answer");
    assertEquals("no answer", first.cause().getMessage());
    shared.get("two");
    assertEquals(2, started.size(), "a failed call is not served again");
  }
}
