/**
 * Road layer: OSM PBF parsing, the truck's directed road graph, snapping, travel matrices
 * and route geometry.
 */
export { RoadDataError } from './road-data-error.js';
export { parseOsm, wastePoints } from './parse-osm.js';
export type { OsmData, OsmNode, OsmWay, OsmRelation, OsmRelationMember, OsmTags, OsmWastePoint } from './parse-osm.js';
export {
  buildRoadNetwork,
  DEFAULT_TRUCK_PROFILE,
  edgeInfo,
  isDrivableWay,
  onewayDirection,
  parseMaxspeedKmh,
  resolveTruckProfile,
} from './road-network.js';
export type { RoadEdgeInfo, RoadNetwork, TruckProfile } from './road-network.js';
export { snapPoints } from './snap.js';
export type { Snap, SnapResult } from './snap.js';
export { pathsAlong, shortestPath, travelMatrix } from './travel-matrix.js';
export type { RoadPath, TravelMatrixResult, UnreachableLocation } from './travel-matrix.js';
export { drivableSegments, roadFeatures } from './road-features.js';
export type { DrivableSegment, RoadFeature, RoadFeatureCollection, RoadFeatureProperties } from './road-features.js';
