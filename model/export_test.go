package model

// EncodeReference is encodeReference for the external tests, which may
// import the generator (model/gen imports model).
var EncodeReference = encodeReference
