// Boost.Asio for the server. Boost 1.74's awaitable.hpp uses std::exchange without including
// <utility>, which breaks under C++20 with g++ 12; include Asio through this header only.
#pragma once

// clang-format off
#include <utility>
#include <boost/asio.hpp>
// clang-format on
