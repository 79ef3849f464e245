export * from './start-thread';
export * from './thread-calls';
