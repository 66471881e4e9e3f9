// Synthetic names for the demo county: people (surname + one or two given-name syllables, by
// gender), villages, counties. Names are pure functions of a 64-bit key so that a student keeps
// the same name every year without storing it.
#pragma once

#include <cstdint>
#include <string>

namespace zj::sim {

std::string PersonName(uint64_t key, bool male);
// Two-syllable place name ("青石", "龙泉") for villages and streets.
std::string PlaceName(uint64_t key);
// Name of the i-th synthetic county (i ≥ 1), distinct for i < 400, e.g. "安平县".
std::string SyntheticCountyName(int i);

}  // namespace zj::sim
