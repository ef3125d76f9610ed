/**
 * Road layer: OSM PBF parsing, the truck's directed road graph, snapping, travel matrices
 * and route geometry; the turn-aware engine (edge-based graph with turn restrictions and the
 * U-turn rule, kerb-side approach states, contraction hierarchy with a byte cache form) and
 * OSRM-shaped route steps with French and English sentences. Profile: TRUCK_PROFILE.md.
 */
export { RoadDataError } from './road-data-error.js';
export { parseOsm, wastePoints } from './parse-osm.js';
export type { OsmData, OsmNode, OsmWay, OsmRelation, OsmRelationMember, OsmTags, OsmWastePoint } from './parse-osm.js';
export {
  buildRoadNetwork,
  DEFAULT_TRUCK_PROFILE,
  edgeInfo,
  GARBAGE_TRUCK_26T,
  isDrivableWay,
  onewayDirection,
  parseLimit,
  parseMaxspeedKmh,
  resolveTruckProfile,
} from './road-network.js';
export type { RoadEdgeInfo, RoadNetwork, TruckDimensions, TruckProfile } from './road-network.js';
export { snapPoints } from './snap.js';
export { closedSegments, closedEdgesOf, closureArea, engineWithout, turnGraphWithout, CLOSURE_LINE_BUFFER_M } from './closures.js';
export type { ClosureShape } from './closures.js';
export type { Snap, SnapResult } from './snap.js';
export { pathsAlong, shortestPath, travelMatrix } from './travel-matrix.js';
export type { RoadPath, TravelMatrixResult, UnreachableLocation } from './travel-matrix.js';
export { drivableSegments, roadFeatures } from './road-features.js';
export type { DrivableSegment, RoadFeature, RoadFeatureCollection, RoadFeatureProperties } from './road-features.js';
export { buildTurnGraph, KEY_SCALE, turnAngle } from './turn-graph.js';
export type { TurnGraph, TurnRestrictionReport } from './turn-graph.js';
export { buildContractionHierarchy, deserializeCh, serializeCh } from './contraction-hierarchy.js';
export type { ContractionHierarchy } from './contraction-hierarchy.js';
export { buildRoutingEngine, locationStates, routeAlong, stateRowsOf, turnMatrix, turnTravelMatrix } from './routing-engine.js';
export type {
  Approach,
  LocationState,
  LocationStates,
  RouteLeg,
  RouteLocation,
  RoutingEngine,
  TurnMatrixOptions,
  TurnMatrixResult,
} from './routing-engine.js';
export { INSTRUCTION_LANGUAGES, instructionText, modifierOf, routeSteps } from './route-instructions.js';
export type { ManeuverModifier, ManeuverType, RouteStep } from './route-instructions.js';
