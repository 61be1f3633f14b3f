export { Simulator, type SimulatedVehicle, type Stats } from './simulator';
export type { BehaviourOptions } from './behaviour';
export { tokensIn } from './tokens';
export { simulatedVin } from './register';
