import p from 'tiny-osmpbf';
import fs from 'node:fs';
const b = fs.readFileSync('/work/main/data/osm/monaco-2016-03-05.osm.pbf');
let t=performance.now();
const r = p(new Uint8Array(b));
console.log(performance.now()-t, r.elements.length, r.elements[0], r.elements.find(e=>e.type==='way'));
for (const n of [100, 1000, 50000, 900000, b.length-10]) {
  try { const x = p(new Uint8Array(b.subarray(0,n))); console.log(n,'ok', x.elements.length);} catch(e) { console.log(n, 'err', e.message);}
}
try { p(new Uint8Array([1,2,3,4,5,6,7,8,9,10])); } catch(e) { console.log('junk', e.message) }
try { p(new Uint8Array(0)); } catch(e) { console.log('empty', e.message) }
