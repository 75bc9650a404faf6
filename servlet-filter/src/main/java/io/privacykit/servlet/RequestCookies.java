package io.privacykit.servlet;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * A request's cookies, name to value in the order the browser sent them, and the distinct values
 * sent for one watched name (the consent cookie's). Kept as one array of names and values, read by
 * scanning: a request carries a handful of cookies (at most 200 names are kept), and a hash map
 * of them cost more to build than all its look-ups. Not thread-safe; one per request.
 */
final class RequestCookies extends AbstractMap<String, String> {

    /** The most distinct values kept of the watched name. */
    static final int MAX_WATCHED_VALUES = 4;

    /** Names and values in turn: room for two cookies to start with, doubled as more come. */
    private String[] pairs = new String[4];
    private int size;
    private String firstWatched;
    /** The watched name's values after the first, made only when a second one comes. */
    private List<String> moreWatched;

    /** Adds a value sent for the watched name, unless it was sent before or {@value #MAX_WATCHED_VALUES} are kept. */
    void watchedValue(String value) {
        if (firstWatched == null) {
            firstWatched = value;
            return;
        }
        if (firstWatched.equals(value) || moreWatched != null
                && (moreWatched.size() == MAX_WATCHED_VALUES - 1 || moreWatched.contains(value))) {
            return;
        }
        if (moreWatched == null) {
            moreWatched = new ArrayList<>(MAX_WATCHED_VALUES - 1);
        }
        moreWatched.add(value);
    }

    /** Whether the watched name was sent with more than one value. */
    boolean watchedValuesDiffer() {
        return moreWatched != null;
    }

    /** The distinct values sent for the watched name, in the order sent; at most {@value #MAX_WATCHED_VALUES}. */
    List<String> watchedValues() {
        if (firstWatched == null) {
            return List.of();
        }
        if (moreWatched == null) {
            return List.of(firstWatched);
        }
        List<String> all = new ArrayList<>(1 + moreWatched.size());
        all.add(firstWatched);
        all.addAll(moreWatched);
        return all;
    }

    private int indexOf(Object name) {
        for (int i = 0; i < size * 2; i += 2) {
            if (pairs[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String get(Object name) {
        int at = indexOf(name);
        return at < 0 ? null : pairs[at + 1];
    }

    @Override
    public boolean containsKey(Object name) {
        return indexOf(name) >= 0;
    }

    @Override
    public String put(String name, String value) {
        int at = indexOf(Objects.requireNonNull(name, "name"));
        if (at >= 0) {
            String before = pairs[at + 1];
            pairs[at + 1] = value;
            return before;
        }
        if (size * 2 == pairs.length) {
            pairs = Arrays.copyOf(pairs, pairs.length * 2);
        }
        pairs[size * 2] = name;
        pairs[size * 2 + 1] = value;
        size++;
        return null;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Set<String> keySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<String> iterator() {
                return new Walk<>() {
                    @Override
                    String at(int pair) {
                        return pairs[pair * 2];
                    }
                };
            }

            @Override
            public boolean contains(Object name) {
                return containsKey(name);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, String>> iterator() {
                return new Walk<>() {
                    @Override
                    Entry<String, String> at(int pair) {
                        return new SimpleImmutableEntry<>(pairs[pair * 2], pairs[pair * 2 + 1]);
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** An iterator over the pairs, read-only. */
    private abstract class Walk<T> implements Iterator<T> {
        private int next;

        abstract T at(int pair);

        @Override
        public boolean hasNext() {
            return next < size;
        }

        @Override
        public T next() {
            if (next >= size) {
                throw new NoSuchElementException();
            }
            return at(next++);
        }
    }
}
