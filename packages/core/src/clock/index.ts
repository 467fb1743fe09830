export { type Clock, createFakeClock, type FakeClock, systemClock } from './clock.js';
