// District figures (区县月度汇总) in DynamoDB: what a district delivers to its parent city each month, kept under the
// city in the one partition the district's escalation session reaches (`T#<city>#UP#<district>`, sort key
// `DF#<month>`), with the city's index key of the month (gsi1 `T#<city>#DF#<month>`, by district). The district
// writes it and never reads the city's other keys; the city reads a month's roll-up in one Query and sees nothing
// else of its districts.
import type { DistrictFigures } from "#core/reports/monthly-report";
import type { DistrictFiguresRepository } from "#core/reports/ports";
import type { ClientProvider } from "#store/dynamo/client-provider";
import { escalationScope, keys, tenantScope } from "#store/dynamo/keys";
import { gsi1Items } from "#store/dynamo/reads";
import { putItem, toItem } from "#store/dynamo/writes";

export function dynamoDistrictFiguresRepository(clients: ClientProvider, tableName: string): DistrictFiguresRepository {
  return {
    async deliver(cityId, figures) {
      const city = tenantScope(cityId);
      await putItem(
        { client: await clients.forEscalation(figures.districtId, cityId), tableName },
        escalationScope(tenantScope(figures.districtId), city),
        {
          Item: toItem({
            ...figures,
            ...keys.districtFigures(city, figures.districtId, figures.month),
            _type: "district-figures",
            gsi1pk: keys.districtFiguresIndex(city, figures.month),
            gsi1sk: figures.districtId,
          }),
        },
      );
    },

    async ofMonth(cityId, month) {
      return gsi1Items<DistrictFigures>(await clients.forTenant(cityId), tableName, keys.districtFiguresIndex(tenantScope(cityId), month));
    },
  };
}
