export { Simulator, type SimulatedVehicle, type SimulatorOptions, type Stats } from './simulator';
export { HeartbeatSender } from './heartbeat-sender';
export type { BehaviourOptions } from './behaviour';
export { tokensIn } from './tokens';
export { simulatedVin } from './register';
