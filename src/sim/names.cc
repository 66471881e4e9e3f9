// Syllable lists and the hash-driven choice of synthetic names.
#include "names.h"

#include <array>
#include <string_view>

#include "zj/sim/random.h"

namespace zj::sim {
namespace {

// Common surnames with rough weights (per mille, rounded); 向/冉/谭/熊 are frequent in 渝东北.
struct Weighted {
  std::string_view text;
  int weight;
};
constexpr Weighted kSurnames[] = {
    {"王", 70}, {"李", 70}, {"张", 65}, {"刘", 55}, {"陈", 50}, {"杨", 35}, {"黄", 25}, {"赵", 22},
    {"吴", 20}, {"周", 20}, {"徐", 15}, {"孙", 14}, {"马", 12}, {"朱", 12}, {"胡", 12}, {"郭", 11},
    {"何", 12}, {"高", 10}, {"林", 9},  {"罗", 12}, {"郑", 8},  {"梁", 8},  {"谢", 9},  {"宋", 7},
    {"唐", 10}, {"许", 6},  {"韩", 6},  {"冯", 6},  {"邓", 12}, {"曹", 6},  {"彭", 9},  {"曾", 7},
    {"肖", 6},  {"田", 8},  {"董", 5},  {"袁", 6},  {"潘", 4},  {"蒋", 5},  {"蔡", 4},  {"余", 7},
    {"杜", 5},  {"叶", 4},  {"程", 4},  {"魏", 4},  {"吕", 3},  {"丁", 3},  {"任", 4},  {"姚", 3},
    {"谭", 10}, {"向", 12}, {"冉", 8},  {"熊", 7},  {"牟", 5},  {"秦", 4},  {"邱", 3},  {"龚", 3},
    {"颜", 3},  {"陶", 3},  {"贺", 3},
};

constexpr std::array<std::string_view, 40> kMaleSyllables = {
    "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "浩", "宇", "俊", "鹏", "飞", "凯",
    "明", "辉", "鑫", "博", "文", "宏", "建", "志", "超", "波", "峰", "林", "晨", "睿",
    "轩", "泽", "航", "铭", "子", "天", "佳", "一", "嘉", "家", "成", "瑞"};
constexpr std::array<std::string_view, 40> kFemaleSyllables = {
    "芳", "娜", "敏", "静", "丽", "婷", "雪", "琳", "颖", "欣", "怡", "萱", "雨", "梦",
    "佳", "思", "涵", "悦", "诗", "琪", "玲", "燕", "霞", "红", "秀", "丹", "洁", "瑶",
    "晴", "可", "馨", "妍", "一", "子", "若", "语", "心", "月", "艺", "彤"};
constexpr std::array<std::string_view, 48> kPlaceSyllables = {
    "青", "石", "龙", "泉", "桥", "坪", "河", "山", "溪", "岩", "松", "柏", "竹", "花", "桂", "云",
    "凤", "双", "新", "安", "平", "和", "兴", "丰", "太", "长", "永", "宝", "金", "银", "水", "田",
    "湾", "坝", "岭", "塘", "堡", "峡", "江", "口", "南", "北", "东", "西", "龙", "盘", "清", "秀"};
constexpr std::array<std::string_view, 24> kCountyFirst = {
    "安", "永", "长", "清", "新", "丰", "太", "宁", "兴", "临", "平", "高",
    "德", "武", "宜", "泰", "顺", "嘉", "崇", "信", "瑞", "昌", "保", "定"};
constexpr std::array<std::string_view, 17> kCountySecond = {"平", "川", "阳", "源", "溪", "江",
                                                            "宁", "山", "和", "城", "丰", "乐",
                                                            "陵", "泉", "林", "化", "远"};

int TotalSurnameWeight() {
  int t = 0;
  for (const auto& s : kSurnames) t += s.weight;
  return t;
}

}  // namespace

std::string PersonName(uint64_t key, bool male) {
  uint64_t st = key;
  static const int total = TotalSurnameWeight();
  int pick = static_cast<int>(SplitMix64(st) % static_cast<uint64_t>(total));
  std::string name;
  for (const auto& s : kSurnames) {
    if (pick < s.weight) {
      name = s.text;
      break;
    }
    pick -= s.weight;
  }
  const auto& syl = male ? kMaleSyllables : kFemaleSyllables;
  const uint64_t r = SplitMix64(st);
  name += syl[r % syl.size()];
  if ((r >> 20) % 100 < 78) {  // most given names have two syllables
    std::string_view second = syl[(r >> 32) % syl.size()];
    if (second != syl[r % syl.size()]) name += second;
  }
  return name;
}

std::string PlaceName(uint64_t key) {
  uint64_t st = key;
  const uint64_t r = SplitMix64(st);
  std::string_view a = kPlaceSyllables[r % kPlaceSyllables.size()];
  std::string_view b = kPlaceSyllables[(r >> 16) % kPlaceSyllables.size()];
  if (a == b) b = kPlaceSyllables[((r >> 16) + 1) % kPlaceSyllables.size()];
  return std::string(a) + std::string(b);
}

std::string SyntheticCountyName(int i) {
  const size_t n2 = kCountySecond.size();
  // A stride coprime with the table size spreads consecutive indices over the first syllables.
  const size_t k = static_cast<size_t>(i) * 7;
  return std::string(kCountyFirst[(k / n2) % kCountyFirst.size()]) +
         std::string(kCountySecond[k % n2]) + "县";
}

}  // namespace zj::sim
