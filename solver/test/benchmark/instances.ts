/** Tiny benchmark files for the tests (the real sets live beside the clone, in ../shared/benchmarks). */

/** CVRPLIB: depot at the origin, three customers, capacity 10 (CRLF line ends, as most X files). */
export const CVRP = [
  'NAME : tiny', 'TYPE : CVRP', 'DIMENSION : 4', 'EDGE_WEIGHT_TYPE : EUC_2D', 'CAPACITY : 10',
  'NODE_COORD_SECTION', '1 0 0', '2 3 4', '3 0 5', '4 1 1',
  'DEMAND_SECTION', '1 0', '2 4', '3 5', '4 6',
  'DEPOT_SECTION', '1', '-1', 'EOF', '',
].join('\r\n');

/** Solomon: two trucks of 10, two customers whose windows force the order 2 then 1. */
export const SOLOMON = [
  'T1', '', 'VEHICLE', 'NUMBER     CAPACITY', '  2         10', '', 'CUSTOMER',
  'CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME', '',
  '    0      0          0          0          0        100          0',
  '    1      1          1          5          0         10          1',
  '    2      2          2          5          0          3          1', '',
].join('\n');

/** Solomon: depot at the origin, four customers; capacity 20 makes two trucks necessary. */
export const TINY_TW = `TINY

VEHICLE
NUMBER     CAPACITY
  3         20

CUSTOMER
CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME

    0      0         0          0          0        200          0
    1      3         4         10          0        100          5
    2      6         8         10          0        150          5
    3     -3         4         10          0        100          5
    4      1         1          5         20         60          2
`;
