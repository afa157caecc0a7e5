// Placeholder until this service lands.
