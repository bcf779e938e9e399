// RecordHeap placement: records up to kMaxInline stay in slotted pages (no overflow pages),
// and a page given up on for a large record keeps taking smaller records afterwards.
#include <gtest/gtest.h>

#include "graph/record_heap.h"
#include "storage/mem_page_store.h"

namespace nexus::graph {
namespace {

template <typename T>
T Must(Result<T> r) {
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return std::move(r).value();
}

size_t CountPages(storage::PageReader* pages, PageType type) {
    size_t n = 0;
    for (PageId id = 1; id < pages->page_count(); ++id) {
        n += Must(pages->Read(id)).data()[0] == static_cast<uint8_t>(type);
    }
    return n;
}

std::string ReadBack(RecordHeap* heap, RecordAddr addr) {
    RecordView view;
    Status st = heap->Read(addr, &view);
    EXPECT_TRUE(st.ok()) << st.ToString();
    return std::string(reinterpret_cast<const char*>(view.data), view.size);
}

class HeapPlacementTest : public ::testing::Test {
  protected:
    HeapPlacementTest() {
        w_ = store_.BeginWrite();
        EXPECT_EQ(Must(w_->Allocate()), storage::kFirstDataPage);  // the graph's root page
        heap_ = std::make_unique<RecordHeap>(w_, w_, &state_);
    }

    storage::MemPageStore store_;
    storage::PageWriter* w_;
    HeapState state_;
    std::unique_ptr<RecordHeap> heap_;
};

TEST_F(HeapPlacementTest, RecordsUpToTheLimitStayInline) {
    std::string big(RecordHeap::kMaxInline - 1, 'a');
    RecordAddr a = Must(heap_->Insert(big));
    EXPECT_EQ(CountPages(w_, PageType::kOverflow), 0u);
    EXPECT_EQ(ReadBack(heap_.get(), a), big);
    // Two of them share one page.
    RecordAddr b = Must(heap_->Insert(std::string(RecordHeap::kMaxInline - 1, 'b')));
    EXPECT_EQ(AddrPage(a), AddrPage(b));
    // One byte more overflows.
    std::string over(RecordHeap::kMaxInline, 'c');
    RecordAddr c = Must(heap_->Insert(over));
    EXPECT_EQ(CountPages(w_, PageType::kOverflow), 1u);
    EXPECT_EQ(ReadBack(heap_.get(), c), over);
    // Growing a record past the limit moves it to overflow pages; shrinking brings it back.
    a = Must(heap_->Update(a, over));
    EXPECT_EQ(ReadBack(heap_.get(), a), over);
    EXPECT_EQ(CountPages(w_, PageType::kOverflow), 2u);
    a = Must(heap_->Update(a, big));
    EXPECT_EQ(ReadBack(heap_.get(), a), big);
    EXPECT_EQ(ReadBack(heap_.get(), c), over);
}

TEST_F(HeapPlacementTest, PageLeftForALargeRecordStillTakesSmallOnes) {
    // Fill the first page to about 3 KiB free.
    std::vector<RecordAddr> small;
    for (int i = 0; i < 5; ++i) small.push_back(Must(heap_->Insert(std::string(1000, 'x'))));
    PageId first = AddrPage(small[0]);
    for (RecordAddr a : small) EXPECT_EQ(AddrPage(a), first);
    // A record that no longer fits opens a new page...
    RecordAddr large = Must(heap_->Insert(std::string(4000, 'y')));
    PageId second = AddrPage(large);
    EXPECT_NE(second, first);
    // ...which takes records while it has room; then the first page's room is used before
    // a third page is opened.
    RecordAddr fits = Must(heap_->Insert(std::string(4000, 'z')));
    EXPECT_EQ(AddrPage(fits), second);
    RecordAddr back = Must(heap_->Insert(std::string(2500, 'w')));
    EXPECT_EQ(AddrPage(back), first);
    EXPECT_EQ(CountPages(w_, PageType::kHeap), 2u);
    EXPECT_EQ(ReadBack(heap_.get(), back), std::string(2500, 'w'));
    EXPECT_EQ(ReadBack(heap_.get(), small[4]), std::string(1000, 'x'));
}

}  // namespace
}  // namespace nexus::graph
