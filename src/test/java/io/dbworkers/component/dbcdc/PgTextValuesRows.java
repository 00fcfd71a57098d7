package io.dbworkers.component.dbcdc;

import java.util.LinkedHashMap;
import java.util.Map;

/** The table of {@link PgTextValuesParityIT} and its rows: typical values, NULLs and the edges of each type. */
final class PgTextValuesRows {

    static final String[] TABLES = {"""
            CREATE TABLE types (
                id integer PRIMARY KEY,
                c_int2 smallint, c_int4 integer, c_int8 bigint, c_float4 real, c_float8 double precision,
                c_num numeric(20,5), c_numu numeric, c_num0 numeric(10,0),
                c_bool boolean, c_text text, c_varchar varchar(20), c_char char(5), c_qchar "char", c_name name,
                c_bytea bytea, c_uuid uuid, c_json json, c_jsonb jsonb,
                c_date date, c_time time, c_time3 time(3), c_timetz timetz,
                c_ts timestamp, c_ts3 timestamp(3), c_tstz timestamptz, c_tstz0 timestamptz(0),
                c_interval interval,
                c_int4_arr integer[], c_int8_arr bigint[], c_text_arr text[], c_varchar_arr varchar(10)[],
                c_num_arr numeric(10,2)[], c_numu_arr numeric[], c_uuid_arr uuid[], c_date_arr date[],
                c_bool_arr boolean[], c_float8_arr double precision[], c_int2_arr smallint[],
                c_enum mood, c_dom_int dom_int, c_dom_num dom_num, c_dom_text dom_text,
                c_money money, c_inet inet, c_cidr cidr, c_macaddr macaddr, c_xml xml, c_oid oid,
                c_bit bit(1), c_bit8 bit(8), c_varbit varbit, c_int4range int4range, c_tsrange tsrange, c_point point
            )""", """
            CREATE TABLE more (
                id integer PRIMARY KEY,
                c_time_arr time[], c_timetz_arr timetz[], c_ts_arr timestamp[], c_tstz_arr timestamptz[],
                c_json_arr json[], c_jsonb_arr jsonb[], c_bytea_arr bytea[], c_float4_arr real[], c_bpchar_arr char(3)[],
                c_inet_arr inet[], c_oid_arr oid[], c_range_arr int4range[], c_text_2d text[][], c_money_arr money[],
                c_interval_arr interval[], c_name_arr name[], c_xml_arr xml[], c_point_arr point[], c_bit_arr bit(2)[],
                c_varbit_arr varbit[], c_enum_arr mood[], c_dom_arr dom_int[], c_pair pair, c_lsn pg_lsn,
                c_tsvector tsvector, c_box box, c_macaddr8 macaddr8, c_numrange numrange, c_daterange daterange,
                c_tstzrange tstzrange, c_int8range int8range, c_numu numeric, c_varbit1 varbit(1), c_bit_arr1 bit[]
            )""", """
            CREATE TABLE old (
                id integer PRIMARY KEY,
                c_circle circle, c_line line, c_lseg lseg, c_path path, c_polygon polygon, c_tsquery tsquery,
                c_txid txid_snapshot, c_regclass regclass, c_xid xid, c_date_arr date[], c_ts_arr timestamp[],
                c_tstz_arr timestamptz[], c_time_arr time[], c_timetz_arr timetz[], c_numu_arr numeric[],
                c_int4_3d integer[], c_date date, c_ts timestamp, c_tstz timestamptz
            )"""};

    static final String[] TYPES_ROWS = {
        """
        (1, 1, 2, 3, 1.5, 2.25, 12345.67891, 3.14159265358979323846264338327950288419716939937510, 42,
         true, 'héllo ☃ 𝄞 "q" \\ back', 'abc', 'ab', 'x', 'nm',
         '\\x00ff0010', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{ "a" : 1,  "b":[1, 2] }', '{ "a" : 1,  "b":[1, 2] }',
         '2024-02-29', '13:45:56.123456', '13:45:56.123', '13:45:56.123456+05:30',
         '2024-02-29 13:45:56.123456', '2024-02-29 13:45:56.123', '2024-02-29 13:45:56.123456+05:30',
         '2024-02-29 13:45:56+05:30', '1 year 2 mons 3 days 04:05:06.789',
         '{1,2,NULL}', '{9223372036854775807}', '{"a b","c,d",NULL,"\\"q\\"",""}', '{x,y}',
         '{1.50,2}', '{1.5,NaN,-0.000001}', '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}', '{2024-02-29,0001-01-01}',
         '{t,f,NULL}', '{1.5,NaN,Infinity}', '{1,-2}',
         'happy', 5, 12.5, 'dom',
         12.34, '192.168.0.1/24', '10.0.0.0/8', '08:00:2b:01:02:03', '<a>1</a>', 12345,
         '1', '10100101', '101', '[1,5)', '[2024-01-01 00:00,2024-02-01 00:00)', '(1,2)')""",
        """
        (3, -32768, -2147483648, -9223372036854775808, 'NaN', '-Infinity', -0.00001, 'NaN', -0,
         false, '', '', '', '', '',
         '\\x', '00000000-0000-0000-0000-000000000000', 'null', '[]',
         '0001-01-01', '00:00:00', '00:00:00', '00:00:00-12',
         '0001-01-01 00:00:00', '0001-01-01 00:00:00', '0001-01-01 00:00:00+00', '1900-01-01 00:00:00+00',
         '-1 days -00:00:01', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}',
         'sad', 1, -0.01, '', -12.34, '::1', '2001:db8::/32', '00:00:00:00:00:00', '<a/>', 0,
         '0', '00000000', '', 'empty', 'empty', '(-1.5,0)')""",
        """
        (4, 32767, 2147483647, 9223372036854775807, 'Infinity', 1e308, 999999999999999.99999,
         '-0.000000000000000000000000000000000000001', 9999999999,
         true, repeat('long ', 100), 'abcdefghijklmnopqrst', 'abcde', 'z', 'nn',
         '\\x000102', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '{"k":"ü\\u00e9 \\"x\\"","n":1.0e3}', '{"k":"ü\\u00e9","n":1.0e3}',
         '9999-12-31', '23:59:59.999999', '23:59:59.999', '23:59:59.999999+14:59',
         '9999-12-31 23:59:59.999999', '2024-06-01 12:00:00.5', '2024-06-30 23:59:59.999999-09:30',
         '2024-06-30 23:59:59.5-09:30', '-1 year -2 mons +3 days -04:05:06.000001',
         '{{1,2},{3,4}}', '{-1}', '{"NULL",null}', '{}', '{-0.01}', '{123456789012345678901234567890.123}',
         '{}', '{9999-12-31}', '{f}', '{-1e-300}', '{32767}',
         'happy', 2147483647, 99999999.99, 'ten chars!', 92233720368547758.07, '2001:db8::1/128', '2001:db8::/64',
         'ff:ff:ff:ff:ff:ff', '<?xml version="1.0"?><a b="c">ü</a>', 4294967295,
         '1', '11111111', '1010101010101010101', '(,)', '(,2024-01-01 00:00]', '(1e300,-1e-300)')""",
    };

    static final String[] MORE_ROWS = {
        """
        (1, '{13:45:56.123456,NULL}', '{13:45:56.5+05:30}', '{"2024-02-29 13:45:56.123456","0001-01-01 00:00:00"}',
         '{"2024-02-29 13:45:56.123456+05:30"}', ARRAY['{"a": 1}'::json], ARRAY['{"a":  1}'::jsonb], '{"\\\\x00ff",NULL}',
         '{1.5,NaN}', '{a,bc}', '{192.168.0.1/24}', '{1,4294967295}', '{"[1,5)",empty}', '{{a,b},{c,d}}', '{1.5}',
         '{1 day}', '{a}', ARRAY['<a/>'::xml], '{"(1,2)"}', '{01,10}', '{101}', '{happy,sad}', '{1,2}', '(1,x)',
         '16/B374D848', 'a fat cat', '(1,2),(3,4)', '08:00:2b:01:02:03:04:05', '[1.5,2.5)', '[2024-01-01,2024-02-01)',
         '[2024-01-01 00:00+05,)', '[1,10)', 100, '1', '{1,0}')""",
        """
        (2, '{}', '{}', '{"1900-01-01 00:00:00"}', '{"0044-03-15 12:00:00+00 BC"}', '{}', '{}', '{}', '{}', '{}',
         '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '(,)',
         '0/0', '', '(0,0),(0,0)', '00:00:00:00:00:00:00:00', 'empty', 'empty', 'empty', 'empty', 1.50, '0', '{}')""",
        """
        (3, NULL, NULL, '{"1582-10-10 00:00:00"}', '{"1582-10-10 00:00:00+00"}', NULL, NULL, NULL, NULL, NULL,
         NULL, NULL, NULL, '{{"x y",NULL}}', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '-0.000', NULL, NULL)""",
        """
        (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1e20, NULL, NULL)""",
        """
        (5, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'Infinity', NULL, NULL)""",
    };

    static final String[] OLD_ROWS = {
        """
        (1, '<(1,2),3>', '{1,2,3}', '[(0,0),(1,1)]', '((0,0),(1,1))', '((0,0),(1,1),(1,0))', 'fat & rat',
         '10:20:10,14,15', 'pg_class', '42', '{1582-10-10,1582-10-15,"0044-03-15 BC",0001-01-01}',
         '{"0044-03-15 12:00:00 BC","1582-10-04 23:59:59.999999","1900-01-01 00:00:00"}',
         '{"0001-01-01 00:00:00+00","2024-06-30 23:59:59.999999-09:30"}', '{23:59:59.999999,00:00:00.0005}',
         '{23:59:59.999+14,00:00:00-12,12:00:00.999999+00}', '{1.50,100,-0,0.000}',
         '{{{1,2}},{{3,4}}}', '0044-03-15 BC', '0044-03-15 12:00:00.5 BC', '0044-03-15 12:00:00+00 BC')""",
        """
        (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '{}', '{}', '{}', '{}', '{}', '{}', '[0:1]={5,6}',
         '294276-12-31', '294276-12-31 23:59:59.999999', '294276-12-31 23:59:59.999999+00')""",
        """
        (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         '4713-01-01 BC', '4713-01-01 00:00:00 BC', '1883-11-18 11:59:59+00')""",
        """
        (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         'infinity', 'infinity', NULL)""",
        """
        (5, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         '-infinity', '-infinity', NULL)""",
    };

    /** Table name to its rows, in the order they are inserted. */
    static final Map<String, String[]> ROWS = new LinkedHashMap<>();

    static {
        ROWS.put("types", TYPES_ROWS);
        ROWS.put("more", MORE_ROWS);
        ROWS.put("old", OLD_ROWS);
    }

    private PgTextValuesRows() {
    }
}
