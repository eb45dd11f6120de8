package dev.k8srun.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The latest state of the resources a watch selects. The watch is opened first and the resources
 * read once after, so no change between creating and watching is missed; each event then bumps the
 * shared {@link Signal}, and the waiting thread reacts at once (no polling).
 */
final class Tracker<T extends HasMetadata> implements Watcher<T>, AutoCloseable {

  private final Function<Watcher<T>, Watch> opener;
  private final Supplier<List<T>> reader;
  private final Predicate<T> accept;
  private final boolean mustExist;
  private final Signal signal;
  private final Map<String, T> items = new ConcurrentHashMap<>();
  private final Map<String, Boolean> deleted = new ConcurrentHashMap<>();
  private volatile Watch watch;
  private volatile WatcherException failure;

  private Tracker(
      Function<Watcher<T>, Watch> opener,
      Supplier<List<T>> reader,
      Predicate<T> accept,
      boolean mustExist,
      Signal signal) {
    this.opener = opener;
    this.reader = reader;
    this.accept = accept;
    this.mustExist = mustExist;
    this.signal = signal;
  }

  /**
   * Opens the watch, then reads the current state. With {@code mustExist}, finding nothing counts
   * as a deletion (the resource went before the watch began). fabric8 errors propagate unchecked.
   */
  static <T extends HasMetadata> Tracker<T> start(
      Function<Watcher<T>, Watch> opener,
      Supplier<List<T>> reader,
      Predicate<T> accept,
      boolean mustExist,
      Signal signal) {
    Tracker<T> tracker = new Tracker<>(opener, reader, accept, mustExist, signal);
    tracker.open();
    return tracker;
  }

  private void open() {
    failure = null;
    watch = opener.apply(this);
    boolean found = false;
    for (T item : reader.get()) {
      found |= accept.test(item);
      update(item);
    }
    if (mustExist && !found && items.isEmpty()) {
      deleted.put("", true); // gone before the watch began: the watch will never tell
    }
    signal.bump();
  }

  /** Re-opens a watch that the server ended with an error (e.g. 410 Gone); no-op otherwise. */
  void reopenIfFailed() {
    if (failure != null) {
      if (watch != null) {
        watch.close();
      }
      open();
    }
  }

  /** The tracked resources, oldest first. */
  List<T> items() {
    List<T> list = new ArrayList<>(items.values());
    list.sort(
        Comparator.comparing((T i) -> String.valueOf(i.getMetadata().getCreationTimestamp()))
            .thenComparing(i -> i.getMetadata().getName()));
    return list;
  }

  T first() {
    List<T> list = items();
    return list.isEmpty() ? null : list.get(0);
  }

  /** True once a tracked resource was seen deleted. */
  boolean sawDeletion() {
    return !deleted.isEmpty();
  }

  @Override
  public void eventReceived(Action action, T item) {
    if (!accept.test(item)) {
      return;
    }
    if (action == Action.DELETED) {
      items.remove(item.getMetadata().getUid());
      deleted.put(item.getMetadata().getUid(), true);
    } else if (action != Action.ERROR && action != Action.BOOKMARK) {
      update(item);
    }
    signal.bump();
  }

  private void update(T item) {
    if (!accept.test(item) || deleted.containsKey(item.getMetadata().getUid())) {
      return;
    }
    items.merge(item.getMetadata().getUid(), item, (old, now) -> newer(old, now) ? now : old);
  }

  /** Resource versions are opaque, but numeric in practice: never let an older read win. */
  private static boolean newer(HasMetadata old, HasMetadata now) {
    try {
      return Long.parseLong(now.getMetadata().getResourceVersion())
          >= Long.parseLong(old.getMetadata().getResourceVersion());
    } catch (NumberFormatException | NullPointerException e) {
      return true;
    }
  }

  @Override
  public void onClose(WatcherException cause) {
    failure = cause;
    signal.bump();
  }

  @Override
  public void close() {
    Watch current = watch;
    if (current != null) {
      current.close();
    }
  }
}
