package io.dbworkers.component.dbpoll;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A read-only view of some columns of one row, in column order: the column names are shared by every row of a table
 * and the values are the row's array as read, so a change's {@code newData} and {@code primaryKey} cost two small
 * objects instead of a {@code LinkedHashMap} with an entry per column. Null values are allowed (SQL NULL). Equality,
 * hash code and {@code toString} are those of any {@link Map}.
 */
final class RowMap extends AbstractMap<String, Object> {

    private final String[] names;
    /** positions of the named columns in {@link #values} */
    private final int[] positions;
    private final Object[] values;

    RowMap(String[] names, int[] positions, Object[] values) {
        this.names = names;
        this.positions = positions;
        this.values = values;
    }

    @Override
    public int size() {
        return names.length;
    }

    @Override
    public Object get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : values[positions[i]];
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    private int indexOf(Object key) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Object> action) {
        for (int i = 0; i < names.length; i++) {
            action.accept(names[i], values[positions[i]]);
        }
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return names.length;
            }

            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < names.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= names.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(names[i], values[positions[i]]);
                    }
                };
            }
        };
    }
}
