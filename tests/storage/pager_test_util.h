// Helpers shared by the pager tests: stamping pages with a value and checking them, and
// copying a database's files as a kill -9 would leave them.
#pragma once

#include <cstring>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "io/env.h"
#include "storage/pager.h"

namespace nexus::storage::testing {

// Fills the usable bytes of a page with a pattern derived from (id, value).
inline void Stamp(uint8_t* page, PageId id, uint64_t value) {
    Put64(page, value);
    Put32(page + 8, id);
    for (uint32_t i = 12; i < kPageUsable; ++i) page[i] = static_cast<uint8_t>(id * 31 + value + i);
}

// The value a page was stamped with, or ~0 when the pattern is broken.
inline uint64_t StampOf(const uint8_t* page, PageId id) {
    uint64_t value = Get64(page);
    if (Get32(page + 8) != id) return ~uint64_t{0};
    for (uint32_t i = 12; i < kPageUsable; ++i) {
        if (page[i] != static_cast<uint8_t>(id * 31 + value + i)) return ~uint64_t{0};
    }
    return value;
}

inline uint64_t ReadStamp(PageReader* r, PageId id) {
    auto ref = r->Read(id);
    EXPECT_TRUE(ref.ok()) << ref.status().ToString();
    if (!ref.ok()) return ~uint64_t{0};
    return StampOf(ref->data(), id);
}

inline Status WriteStamp(PageWriter* w, PageId id, uint64_t value) {
    ASSIGN_OR_RETURN(uint8_t * page, w->Write(id));
    Stamp(page, id, value);
    return Status::Ok();
}

inline void CopyFile(io::Env* env, const std::string& from, const std::string& to) {
    auto src = env->OpenFile(from, io::OpenOptions{});
    ASSERT_TRUE(src.ok()) << src.status().ToString();
    uint64_t size = *(*src)->Size();
    std::string bytes(size, '\0');
    ASSERT_TRUE(io::ReadExact(src->get(), 0, bytes.data(), size).ok());
    io::OpenOptions create;
    create.create = true;
    auto dst = env->OpenFile(to, create);
    ASSERT_TRUE(dst.ok());
    ASSERT_TRUE((*dst)->Truncate(0).ok());
    ASSERT_TRUE((*dst)->WriteAt(0, bytes.data(), size).ok());
}

inline void FlipByte(io::Env* env, const std::string& path, uint64_t offset) {
    auto file = env->OpenFile(path, io::OpenOptions{});
    ASSERT_TRUE(file.ok());
    uint8_t b;
    ASSERT_TRUE(io::ReadExact(file->get(), offset, &b, 1).ok());
    b ^= 0x40;
    ASSERT_TRUE((*file)->WriteAt(offset, &b, 1).ok());
}

}  // namespace nexus::storage::testing
